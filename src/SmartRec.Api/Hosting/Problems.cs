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
        var problem = new ProblemDetails { Status = status, Detail = detail };
        problem.Extensions["code"] = code;
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        return Complete(problem);
    }

    /// <summary>
    /// Gives a problem the parts every answer carries: a code (the framework's own problems, such as an unknown route,
    /// come without one), a title and a type naming the code, and a detail.
    /// </summary>
    public static ProblemDetails Complete(ProblemDetails problem)
    {
        var status = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (!problem.Extensions.TryGetValue("code", out var known) || known is not string code)
        {
            code = CodeOf(status);
            problem.Extensions["code"] = code;
        }

        problem.Title ??= TitleOf(status);
        problem.Detail ??= problem.Title;
        if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
        {
            problem.Type = $"https://smartrec.dev/problems/{code}";
        }

        return problem;
    }

    /// <summary>The code of a status the framework answers by itself, before or around the endpoints.</summary>
    private static string CodeOf(int status) => status switch
    {
        400 => "request.invalid",
        401 => "auth.token",
        403 => "auth.role",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        408 => "request.timeout",
        413 => "request.too_large",
        415 => "request.unsupported_media_type",
        429 => "rate_limited",
        503 => "unavailable",
        >= 500 => "internal_error",
        _ => "request.refused",
    };

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
        405 => "This route does not answer that method.",
        409 => "The request conflicts with the current state.",
        413 => "The request body is too large.",
        415 => "The request body's media type or charset is not accepted.",
        422 => "A business rule refuses the request.",
        429 => "Too many requests; slow down.",
        503 => "A dependency is unavailable; try again.",
        _ => "The request failed.",
    };
}
