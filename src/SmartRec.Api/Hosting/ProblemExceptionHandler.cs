using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Orleans.Storage;
using SmartRec.Contracts;

namespace SmartRec.Api.Hosting;

/// <summary>
/// Turns refusals raised anywhere below the endpoints into problem responses. Domain refusals keep their own status;
/// unreadable input is a 400 that says what could not be read; a fault a retry may cure (a silo gone, a call timed out,
/// storage unreachable or a write that lost a race) is a 503 with Retry-After. Anything else stays a 500: a bug to
/// fix, not to mask.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Long enough for a silo's death to be noticed and its grains placed elsewhere, short enough for a person waiting.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            DomainException domain => Problems.From(domain),
            BadHttpRequestException bad => Problems.Create(bad.StatusCode, "request.unreadable", Describe(bad)),
            _ => Fault(exception),
        };
        if (problem is null)
        {
            return false;
        }

        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning(exception, "Answered {Path} with 503 {Code}", httpContext.Request.Path, problem.Extensions["code"]);
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await Problems.WriteAsync(httpContext, problem);
        return true;
    }

    /// <summary>The 503 for a fault that a retry may cure, looking through the wrappers a grain call adds; null for a bug.</summary>
    public static Microsoft.AspNetCore.Mvc.ProblemDetails? Fault(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var code = e switch
            {
                SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException or ClientNotAvailableException => "cluster.unavailable",
                TimeoutException => "cluster.timeout",
                RequestFailedException or InconsistentStateException => "storage.unavailable",
                _ => null,
            };
            if (code is not null)
            {
                return Problems.Create(StatusCodes.Status503ServiceUnavailable, code,
                    $"The engine could not complete the request ({e.GetType().Name}). Send it again, with the same Idempotency-Key if it had one, in {RetryAfterSeconds} seconds.");
            }
        }

        return null;
    }

    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is System.Text.Json.JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;
}
