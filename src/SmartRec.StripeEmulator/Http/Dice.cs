namespace SmartRec.StripeEmulator.Http;

/// <summary>The seeded randomness behind injected faults and webhook disorder, shared by concurrent requests.</summary>
internal sealed class Dice(EmulatorOptions options)
{
    private readonly Random _random = new(options.RandomSeed);
    private readonly Lock _lock = new();

    public bool Roll(double probability)
    {
        if (probability <= 0)
        {
            return false;
        }

        lock (_lock)
        {
            return _random.NextDouble() < probability;
        }
    }

    public TimeSpan UpTo(TimeSpan window)
    {
        if (window <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        lock (_lock)
        {
            return window * _random.NextDouble();
        }
    }
}
