using System.Diagnostics;
using SmartRec.Contracts;
using SmartRec.Contracts.Directory;
using SmartRec.Contracts.MassInvoices;

namespace SmartRec.Grains.Tests;

public static class MassInvoiceTestSupport
{
    public static MassInvoiceRequest Request(DirectorySelection selection, long amount = 4_500) =>
        new(selection, "Spring session", new Money(amount, "USD"), new DateOnly(2027, 1, 15));

    /// <summary>Reads progress until the batch completes; reading is also what resumes interrupted chunks.</summary>
    public static async Task<MassInvoiceProgress> Completion(IMassInvoiceGrain batch, int timeoutSeconds = 90)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var progress = await batch.GetProgress() ?? throw new InvalidOperationException("The batch was never started.");
            if (progress.Status == MassInvoiceStatus.Completed)
            {
                return progress;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(timeoutSeconds), $"Batch still {progress.Status} after {timeoutSeconds}s: {progress}");
            await Task.Delay(100);
        }
    }

    public static async Task<List<MassInvoiceResult>> AllResults(IMassInvoiceGrain batch, int pageSize)
    {
        var results = new List<MassInvoiceResult>();
        string? cursor = null;
        do
        {
            var page = await batch.GetResults(cursor, pageSize);
            results.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return results;
    }
}
