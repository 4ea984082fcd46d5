using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmartRec.Tests.Shared;

namespace SmartRec.Api.Tests;

/// <summary>
/// The real host on a fake clock, for time-driven billing: installment reminders and the payment janitor tick every
/// second and the grains, the processor and the tokens all read <see cref="Time"/>. Its own host, so moving its clock
/// never touches the tests that share <see cref="ApiFixture"/>.
/// </summary>
public sealed class FakeClockApiFixture : IAsyncLifetime
{
    private EngineHost _host = null!;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public Uri BaseAddress => _host.BaseAddress;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync() =>
        _host = await EngineHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["SmartRec:Billing:ReminderPeriod"] = "00:00:01",
                ["SmartRec:Billing:LongestSleep"] = "00:00:01",
                ["SmartRec:Billing:LongestRecheck"] = "00:00:01",
            },
            services =>
            {
                services.AddSingleton<TimeProvider>(Time);
                // Tokens are minted on the fake clock, so they are checked against it too.
                services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
                    options.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) =>
                        (notBefore is null || notBefore <= Time.GetUtcNow().UtcDateTime.AddSeconds(30)) && (expires is null || Time.GetUtcNow().UtcDateTime < expires));
            });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>A client with a day-long token, so a test can move the clock by hours without signing in again.</summary>
    public Task<HttpClient> As(string subject, string role, string? organizationId = null) =>
        _host.ClientFor(subject, role, organizationId, lifetimeMinutes: 1440);
}
