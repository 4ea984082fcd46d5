using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace SmartRec.Cli.Tests;

/// <summary>
/// The mass-charge commands and the Action Center actions speak routes the engine on this branch does not serve yet
/// (issue 10's mass charges; the Action Center's retry and dismiss): a stand-in server answers them as that contract
/// says (JSON preview, 202 launch, Server-Sent Events, CSV results, cancel, retry with a method, dismiss with a note), so
/// the tool's side is checked now and the same commands work once the engine serves them.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class MassChargeContractCliTests(CliFixture fixture) : IAsyncLifetime
{
    private const string Org = "riverside";
    private const string Batch = "mc_swim";

    private readonly ConcurrentQueue<string> _requests = new();
    private WebApplication _stub = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _stub = builder.Build();
        _stub.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Request.Body.Position = 0;
            _requests.Enqueue($"{context.Request.Method} {context.Request.Path} key={context.Request.Headers["Idempotency-Key"]} " +
                $"accept={context.Request.Headers.Accept} body={body}");
            await next(context);
        });
        var org = $"/api/orgs/{Org}";
        _stub.MapGet(org, () => Results.Json(new { id = Org, name = "Riverside", currency = "USD" }));
        _stub.MapPost($"{org}/mass-charges/preview", () => Results.Json(new { targets = 3, total = new { minor = 1500, currency = "USD" }, skipped = 1 }));
        _stub.MapPost($"{org}/mass-charges", () => Results.Json(new { batchId = Batch, status = "starting" }, statusCode: StatusCodes.Status202Accepted));
        _stub.MapGet($"{org}/mass-charges/{Batch}/events", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            foreach (var (status, charged, declined, pending) in new[] { ("running", 1, 0, 2), ("running", 1, 1, 1), ("completed", 2, 1, 0) })
            {
                var progress = JsonSerializer.Serialize(new { batchId = Batch, status, counts = new { targets = 3, charged, declined, unknown = 0, pending } });
                await context.Response.WriteAsync($"event: progress\ndata: {progress}\n\n");
                await context.Response.Body.FlushAsync();
            }
        });
        _stub.MapGet($"{org}/mass-charges/{Batch}/results", () => Results.Text("accountId,outcome\nacc-1,charged\nacc-2,declined\nacc-3,charged\n", "text/csv"));
        _stub.MapPost($"{org}/mass-charges/{Batch}/cancel", () => Results.Json(new { batchId = Batch, status = "cancelling" }));
        _stub.MapPost($"{org}/action-center/{{itemId}}/retry", (string itemId) => Results.Json(new { id = itemId, state = "resolved" }));
        _stub.MapPost($"{org}/action-center/{{itemId}}/dismiss", (string itemId) => Results.Json(new { id = itemId, state = "dismissed" }));
        await _stub.StartAsync();
    }

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    [Fact]
    public async Task Preview_start_watch_results_and_cancel_use_the_mass_charge_routes()
    {
        var shell = fixture.NewShell();
        Assert.Equal(0, (await shell.RunAsync("login", "--url", _stub.Urls.First(), "--token", "stub-token", "--org", Org)).ExitCode);

        var preview = await shell.RunAsync("mass-charge", "preview", "--activity", "act-2", "--amount", "5", "--json");
        var started = await shell.RunAsync("mass-charge", "start", "--activity", "act-2", "--amount", "5", "--key", "swim-charge");
        var watched = await shell.RunAsync("mass-charge", "watch", Batch, "--json");
        var plainWatch = await shell.RunAsync("mass-charge", "watch", Batch);
        var csv = await shell.RunAsync("mass-charge", "results", Batch, "--csv");
        var cancelled = await shell.RunAsync("mass-charge", "cancel", Batch);

        Assert.Equal(3, JsonDocument.Parse(preview.Output).RootElement.GetProperty("targets").GetInt32());
        Assert.Contains($"Started mass charge {Batch} (key swim-charge)", started.Output, StringComparison.Ordinal);
        Assert.Contains(_requests, r => r.StartsWith($"POST /api/orgs/{Org}/mass-charges key=swim-charge", StringComparison.Ordinal));
        Assert.Equal(1, watched.ExitCode); // a declined target is a failure a script must notice
        Assert.Equal(["running", "running", "completed"], watched.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("status").GetString()));
        Assert.Equal($"{Batch} completed 3/3 done, 1 failed", plainWatch.Lines[^1]);
        Assert.Equal(["accountId,outcome", "acc-1,charged", "acc-2,declined", "acc-3,charged"], csv.Lines);
        Assert.Contains(_requests, r => r.StartsWith($"GET /api/orgs/{Org}/mass-charges/{Batch}/results", StringComparison.Ordinal) && r.Contains("text/csv", StringComparison.Ordinal));
        Assert.Equal((0, "status: cancelling"), (cancelled.ExitCode, cancelled.Lines[^1]));
    }

    [Fact]
    public async Task Action_center_retry_sends_the_other_method_with_a_key_and_dismiss_needs_a_note()
    {
        var shell = fixture.NewShell();
        Assert.Equal(0, (await shell.RunAsync("login", "--url", _stub.Urls.First(), "--token", "stub-token", "--org", Org)).ExitCode);

        var retried = await shell.RunAsync("action-center", "retry", "ai_1", "--method", "pm_other", "--key", "retry-ai-1");
        var noNote = await shell.RunAsync("action-center", "dismiss", "ai_2");
        var dismissed = await shell.RunAsync("action-center", "dismiss", "ai_2", "--note", "Paid at the desk", "--json");

        Assert.Equal((0, "state: resolved"), (retried.ExitCode, retried.Lines[^1]));
        Assert.Contains(_requests, r => r.StartsWith($"POST /api/orgs/{Org}/action-center/ai_1/retry key=retry-ai-1", StringComparison.Ordinal)
            && r.EndsWith("""body={"methodId":"pm_other"}""", StringComparison.Ordinal));
        Assert.Equal(2, noNote.ExitCode);
        Assert.Equal("dismissed", JsonDocument.Parse(dismissed.Output).RootElement.GetProperty("state").GetString());
        Assert.Contains(_requests, r => r.EndsWith("""body={"note":"Paid at the desk"}""", StringComparison.Ordinal));
    }
}
