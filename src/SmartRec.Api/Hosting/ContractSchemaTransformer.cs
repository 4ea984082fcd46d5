using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SmartRec.Contracts;
using SmartRec.Contracts.Directory;

namespace SmartRec.Api.Hosting;

/// <summary>
/// Schemas the generator cannot infer, said as the engine reads them, so generated clients type them: an amount always
/// has both its minor units and its currency, and a yes/no filter criterion (read by <see cref="YesNoJsonConverter"/>)
/// is "yes" or "no" as in the query string, not "anything".
/// </summary>
public sealed class ContractSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(Money))
        {
            schema.Required = new HashSet<string>(StringComparer.Ordinal) { "minor", "currency" };
        }

        if (context.JsonPropertyInfo?.CustomConverter is YesNoJsonConverter)
        {
            // The words of the query string, so a filter reads the same in a URL and in a body; true and false are read too.
            schema.Type = JsonSchemaType.String | JsonSchemaType.Null;
            schema.Enum = [JsonValue.Create("yes"), JsonValue.Create("no")];
            schema.Description = "yes or no (true and false are read too); absent or null: either.";
        }

        return Task.CompletedTask;
    }
}
