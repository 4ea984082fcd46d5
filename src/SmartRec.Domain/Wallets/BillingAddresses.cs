using System.Text.RegularExpressions;
using SmartRec.Contracts;
using SmartRec.Contracts.Wallets;
using SmartRec.Domain.Validation;

namespace SmartRec.Domain.Wallets;

/// <summary>
/// Validates and normalizes the billing address every saved method needs (R8). Processors match the postal code
/// and street against the issuer's records, so the parts they check are required and in the shape they expect.
/// </summary>
public static partial class BillingAddresses
{
    /// <summary>Countries that use a region (state, province) in their postal addresses and have a known postal code shape.</summary>
    private static readonly Dictionary<string, Regex> PostalCodes = new(StringComparer.Ordinal)
    {
        ["US"] = UsZip(),
        ["CA"] = CanadianPostalCode(),
    };

    public static BillingAddress Normalize(BillingAddress? address)
    {
        if (address is null)
        {
            throw DomainException.Invalid("billing_address.required", "A billing address is required for every saved payment method.", "billingAddress");
        }

        var country = Text.Required(address.Country, "billingAddress.country", 2).ToUpperInvariant();
        if (!Countries.IsAssigned(country))
        {
            throw DomainException.Invalid("billing_address.country", "'billingAddress.country' must be an assigned ISO 3166-1 alpha-2 code such as US or CA.", "billingAddress.country");
        }

        var line1 = Text.Required(address.Line1, "billingAddress.line1");
        var line2 = Text.Optional(address.Line2, "billingAddress.line2");
        var city = Text.Required(address.City, "billingAddress.city");
        var postalCode = Text.Required(address.PostalCode, "billingAddress.postalCode", 16).ToUpperInvariant();
        var region = PostalCodes.ContainsKey(country)
            ? Text.Required(address.Region, "billingAddress.region", 3).ToUpperInvariant()
            : Text.Optional(address.Region, "billingAddress.region");

        if (PostalCodes.TryGetValue(country, out var shape) && !shape.IsMatch(postalCode))
        {
            throw DomainException.Invalid("billing_address.postal_code", $"'{postalCode}' is not a valid postal code for {country}.", "billingAddress.postalCode");
        }

        return new BillingAddress(line1, city, postalCode, country, region, line2);
    }

    [GeneratedRegex(@"^[0-9]{5}(-[0-9]{4})?$")]
    private static partial Regex UsZip();

    [GeneratedRegex(@"^[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPR-TV-Z] ?[0-9][ABCEGHJ-NPR-TV-Z][0-9]$")]
    private static partial Regex CanadianPostalCode();
}
