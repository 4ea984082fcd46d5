using System.Text.Json.Nodes;

namespace SmartRec.StripeEmulator.Model;

/// <summary>A saved payment method: display data only, as Stripe shows it; never a full number.</summary>
internal sealed class PaymentMethodRecord(string id, long created, TestMethod method, string fingerprint) : IStripeObject
{
    public string Id { get; } = id;

    public TestMethod Method { get; } = method;

    public string? CustomerId { get; set; }

    /// <summary>Once detached, a method can be neither attached again nor charged, as at Stripe.</summary>
    public bool Detached { get; set; }

    public int ExpMonth { get; set; }

    public int ExpYear { get; set; }

    public string? MandateId { get; set; }

    public Dictionary<string, string> BillingAddress { get; set; } = [];

    public string? BillingName { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = [];

    public string TypeName => Method.Type switch
    {
        PaymentMethodType.Card => "card",
        PaymentMethodType.UsBankAccount => "us_bank_account",
        _ => "acss_debit",
    };

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["id"] = Id,
            ["object"] = "payment_method",
            ["type"] = TypeName,
            ["created"] = created,
            ["customer"] = CustomerId,
            ["livemode"] = false,
            ["metadata"] = Json.Hash(Metadata),
            ["billing_details"] = new JsonObject
            {
                ["name"] = BillingName,
                ["address"] = new JsonObject
                {
                    ["line1"] = BillingAddress.GetValueOrDefault("line1"),
                    ["line2"] = BillingAddress.GetValueOrDefault("line2"),
                    ["city"] = BillingAddress.GetValueOrDefault("city"),
                    ["state"] = BillingAddress.GetValueOrDefault("state"),
                    ["postal_code"] = BillingAddress.GetValueOrDefault("postal_code"),
                    ["country"] = BillingAddress.GetValueOrDefault("country"),
                },
            },
        };
        json[TypeName] = Method.Type switch
        {
            PaymentMethodType.Card => new JsonObject
            {
                ["brand"] = Method.Brand,
                ["last4"] = Method.Last4,
                ["exp_month"] = ExpMonth,
                ["exp_year"] = ExpYear,
                ["fingerprint"] = fingerprint,
                ["country"] = Method.Country,
                ["funding"] = "credit",
            },
            PaymentMethodType.UsBankAccount => new JsonObject
            {
                ["bank_name"] = Method.BankName,
                ["last4"] = Method.Last4,
                ["fingerprint"] = fingerprint,
                ["routing_number"] = "110000000",
                ["account_type"] = "checking",
                ["account_holder_type"] = "individual",
            },
            _ => new JsonObject
            {
                ["bank_name"] = Method.BankName,
                ["last4"] = Method.Last4,
                ["fingerprint"] = fingerprint,
                ["institution_number"] = "000",
                ["transit_number"] = "11000",
            },
        };
        return json;
    }
}
