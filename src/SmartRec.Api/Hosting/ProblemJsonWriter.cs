using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace SmartRec.Api.Hosting;

/// <summary>
/// The one writer of problem bodies, for the engine's own refusals and the framework's (unknown route, wrong method,
/// failed authentication, unhandled error) alike. It writes application/problem+json whatever the request's Accept
/// says: the framework's writer declines a browser's "text/html", and a problem nobody can write became a 500 that
/// hid the real status. Every problem leaves with a stable "code", a title and the trace id.
/// </summary>
public sealed class ProblemJsonWriter(IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        Problems.Complete(problem);
        problem.Extensions.TryAdd("traceId", http.TraceIdentifier);
        var options = json.Value.SerializerOptions;
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, options.GetTypeInfo(problem.GetType()), ContentType));
    }
}
