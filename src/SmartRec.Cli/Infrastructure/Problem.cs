using System.Text.Json;
using SmartRec.Cli.Api;

namespace SmartRec.Cli.Infrastructure;

/// <summary>Reads the engine's RFC 7807 answers: every refusal carries a stable code and a detail.</summary>
public static class Problem
{
    public static string Describe(ApiException error)
    {
        if (error is ApiException<ProblemDetails> { Result: var problemDetails }
            && problemDetails.AdditionalProperties.TryGetValue("code", out var known) && known is not null)
        {
            return $"{error.StatusCode} {known}: {problemDetails.Detail}";
        }

        try
        {
            var problem = JsonDocument.Parse(error.Response ?? "").RootElement;
            var code = problem.TryGetProperty("code", out var c) ? c.GetString() : null;
            var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
            if (code is not null)
            {
                return $"{error.StatusCode} {code}: {detail}";
            }
        }
        catch (JsonException)
        {
            // Not a problem body (a proxy's page, an empty answer): the status says enough.
        }

        return $"the engine answered {error.StatusCode}.";
    }
}
