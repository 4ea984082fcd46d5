using Microsoft.AspNetCore.Diagnostics;
using SmartRec.Contracts;

namespace SmartRec.Api.Hosting;

/// <summary>
/// Turns refusals raised anywhere below the endpoints into problem responses. Domain refusals keep their own status;
/// unreadable input is a 400 that says what could not be read. Anything else stays a 500: a bug to fix, not to mask.
/// </summary>
public sealed class ProblemExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            DomainException domain => Problems.From(domain),
            BadHttpRequestException bad => Problems.Create(bad.StatusCode, "request.unreadable", Describe(bad)),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        await Problems.WriteAsync(httpContext, problem);
        return true;
    }

    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is System.Text.Json.JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;
}
