using Microsoft.Extensions.Time.Testing;

namespace SmartRec.Grains.Tests;

public static class FakeClockPolling
{
    /// <summary>
    /// Waits for a reminder-driven change, nudging the fake clock so reminders fire (the silos' reminder service runs
    /// on it), and returns the last value read.
    /// </summary>
    public static async Task<T> Eventually<T>(this FakeTimeProvider time, Func<Task<T>> read, Func<T, bool> done, int attempts = 150)
    {
        for (var i = 0; i < attempts; i++)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            time.Advance(TimeSpan.FromMilliseconds(200));
            await Task.Delay(100);
        }

        return await read();
    }
}
