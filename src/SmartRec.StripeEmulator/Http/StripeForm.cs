using System.Globalization;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace SmartRec.StripeEmulator.Http;

/// <summary>
/// A request's parameters in Stripe's bracket syntax: <c>metadata[key]=v</c>, <c>expand[]=x</c> or <c>expand[0]=x</c>,
/// <c>payment_method_options[acss_debit][currency]=cad</c>. Form body for POSTs, query string for GETs.
/// </summary>
internal sealed class StripeForm(IReadOnlyDictionary<string, string> values)
{
    public static async Task<StripeForm> ReadAsync(HttpRequest request)
    {
        IEnumerable<KeyValuePair<string, StringValues>> pairs = HttpMethods.IsPost(request.Method) && request.HasFormContentType
            ? await request.ReadFormAsync()
            : request.Query;
        return new StripeForm(pairs.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal));
    }

    public string? this[string key] => values.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    public string Required(string key) =>
        this[key] ?? throw StripeError.InvalidRequest("parameter_missing", $"Missing required param: {key}.", key);

    public long? Long(string key)
    {
        var raw = this[key];
        if (raw is null)
        {
            return null;
        }

        return long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw StripeError.InvalidRequest("parameter_invalid_integer", $"Invalid integer: {raw}", key);
    }

    public bool Bool(string key) => this[key] switch
    {
        null or "false" => false,
        "true" => true,
        var raw => throw StripeError.InvalidRequest("parameter_invalid_boolean", $"Invalid boolean: {raw}", key),
    };

    /// <summary>A hash parameter (<c>name[key]=value</c>), one level deep, as Stripe's metadata.</summary>
    public Dictionary<string, string> Hash(string name)
    {
        var prefix = name + "[";
        var hash = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal) && key.EndsWith(']') && key.IndexOf('[', prefix.Length) < 0)
            {
                hash[key[prefix.Length..^1]] = value;
            }
        }

        return hash;
    }

    /// <summary>An array parameter, in either of Stripe's spellings: <c>name[]=a&amp;name[]=b</c> or <c>name[0]=a</c>.</summary>
    public List<string> List(string name)
    {
        if (values.TryGetValue(name + "[]", out var flat))
        {
            return [.. flat.Split(',', StringSplitOptions.RemoveEmptyEntries)];
        }

        return [.. Hash(name)
            .Where(e => int.TryParse(e.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .OrderBy(e => int.Parse(e.Key, CultureInfo.InvariantCulture))
            .Select(e => e.Value)];
    }

    /// <summary>
    /// The payment method types an intent may use: <c>allowed_payment_method_types</c> since API version
    /// 2026-10-28, <c>payment_method_types</c> before; card only when neither is given.
    /// </summary>
    public List<string> PaymentMethodTypes()
    {
        var allowed = List("allowed_payment_method_types");
        var types = allowed.Count > 0 ? allowed : List("payment_method_types");
        return types.Count > 0 ? types : ["card"];
    }

    /// <summary>What "the same parameters" means for an idempotent replay: every key and value, in a fixed order.</summary>
    public string Fingerprint()
    {
        var text = new StringBuilder();
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('=').Append(value).Append('&');
        }

        return text.ToString();
    }
}
