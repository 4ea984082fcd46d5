using Microsoft.AspNetCore.Mvc;
using SmartRec.Contracts;

namespace SmartRec.Api.Hosting;

/// <summary>Builds the RFC 7807 bodies every error answers with: a stable "code", and the offending "field" when known.</summary>
public static class Problems
{
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Invalid => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.RuleViolation => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static ProblemDetails From(DomainException error) => Create(StatusOf(error.Kind), error.Code, error.Message, error.Field);

    public static ProblemDetails Create(int status, string code, string detail, string? field = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = TitleOf(status),
            Detail = detail,
            Type = $"https://smartrec.dev/problems/{code}",
        };
        problem.Extensions["code"] = code;
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        return problem;
    }

    /// <summary>Writes a problem directly, for middleware that answers before any endpoint runs.</summary>
    public static async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    private static string TitleOf(int status) => status switch
    {
        400 => "The request is invalid.",
        401 => "Authentication is required.",
        403 => "This role may not do that.",
        404 => "Not found.",
        409 => "The request conflicts with the current state.",
        422 => "A business rule refuses the request.",
        503 => "A dependency is unavailable; try again.",
        _ => "The request failed.",
    };
}
