using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace SmartRec.Cli.Tests;

/// <summary>
/// How the CLI's client is generated from the OpenAPI document: one class whose methods are named after the
/// operationIds. The committed file is this generator's output for the live document (see ClientDriftTests).
/// </summary>
public static class ClientGeneration
{
    public const string CommittedPath = "src/SmartRec.Cli/Api/SmartRecClient.g.cs";

    public static async Task<string> GenerateAsync(string documentJson)
    {
        var document = await OpenApiDocument.FromJsonAsync(documentJson);
        // The server is wherever the document was fetched from; the CLI is told its URL at login.
        document.Servers.Clear();
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "SmartRecClient",
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
            GenerateClientInterfaces = false,
            InjectHttpClient = true,
            DisposeHttpClient = false,
            UseBaseUrl = false,
            GenerateOptionalParameters = true,
            ExceptionClass = "ApiException",
        };
        settings.CSharpGeneratorSettings.Namespace = "SmartRec.Cli.Api";
        settings.CSharpGeneratorSettings.JsonLibrary = CSharpJsonLibrary.SystemTextJson;
        settings.CSharpGeneratorSettings.GenerateNullableReferenceTypes = true;
        return new CSharpClientGenerator(document, settings).GenerateFile().ReplaceLineEndings("\n");
    }
}
