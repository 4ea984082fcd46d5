using System.Globalization;
using System.Text;
using SmartRec.Contracts.MassCharges;

namespace SmartRec.Api.Endpoints;

/// <summary>A mass charge's results as CSV, one row per target, for spreadsheets and accounting tools.</summary>
public static class MassChargeCsv
{
    public const int PageSize = 500;

    private const string Header = "accountId,personId,outcome,amountMinor,currency,attempt,paymentId,code";

    public static async Task Write(Stream body, IMassChargeGrain batch, ChargeTargetOutcome? outcome, MassChargeResults firstPage)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteLineAsync(Header);
        var page = firstPage;
        while (true)
        {
            foreach (var r in page.Items)
            {
                await writer.WriteLineAsync(string.Join(',',
                    Field(r.AccountId), Field(r.PersonId), Field(r.Outcome.ToString().ToLowerInvariant()),
                    r.Amount?.Minor.ToString(CultureInfo.InvariantCulture) ?? "", Field(r.Amount?.Currency),
                    r.Attempt.ToString(CultureInfo.InvariantCulture), Field(r.PaymentId), Field(r.Code)));
            }

            if (page.NextCursor is null)
            {
                break;
            }

            page = await batch.GetResults(outcome, page.NextCursor, PageSize);
        }
    }

    /// <summary>
    /// Quotes what needs quoting, and neutralizes a leading formula character: a processor's decline text could
    /// otherwise run as a formula in the spreadsheet an operator opens it in.
    /// </summary>
    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
