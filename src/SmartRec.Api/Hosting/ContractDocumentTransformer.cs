using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SmartRec.Api.Hosting;

/// <summary>
/// The parts of the OpenAPI document that client generators and linters read beyond the routes: who publishes it under
/// which license, a description per tag, and server URLs without a trailing slash (a generated client joins
/// "/api/..." to it and would send "//api/...").
/// </summary>
public sealed class ContractDocumentTransformer : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Development"] = "Demo-only helpers, mapped when SmartRec:Auth:DevTokens is on.",
        ["My wallet"] = "A signed-in customer's own saved methods, authorizations and notifications (R1–R3, R8).",
        ["Organization and catalog"] = "An organization and its programs, activities and affiliations.",
        ["Client accounts"] = "Client accounts (families), their persons, enrollments and affiliations.",
        ["Payment methods"] = "The holder's saved methods an organization is authorized to see and charge (R3, R5).",
        ["Billing"] = "Invoices, credit, payments, refunds and installment plans of one account (R5–R10).",
        ["Action Center"] = "Payments and plans that need a person's attention.",
        ["Subscriptions"] = "Recurring charges on a saved method (R6).",
        ["Client directory"] = "The Accounts and Persons tabs: filtered, searched, sorted and paged (R4).",
        ["Mass invoices"] = "One invoice per selected person or account, in one operation (R11).",
        ["Mass charges"] = "One payment per selected person or account, in one operation, previewed, followed and steered (R12).",
        ["Processor"] = "Events from the payment processor (Stripe's signed webhooks).",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "SmartRec Payments Engine";
        document.Info.Description = "Saved payment methods, billing and bulk charging for recreation organizations. " +
            "Every call carries a bearer token; every refusal is an RFC 7807 problem with a stable `code`.";
        document.Info.License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" };
        document.Info.Contact = new OpenApiContact { Name = "SmartRec maintainers", Url = new Uri("https://smartrec.dev") };

        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }

        return Task.CompletedTask;
    }
}
