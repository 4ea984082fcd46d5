using SmartRec.Benchmarks;

// Benchmarks print figures, each beside a baseline measured in the same run; none asserts a timing.
//   dotnet run -c Release --project tests/SmartRec.Benchmarks -- directory [accounts]
//   dotnet run -c Release --project tests/SmartRec.Benchmarks -- payments [payments] [concurrency]
//   dotnet run -c Release --project tests/SmartRec.Benchmarks -- ratelimit [seconds per phase] [noisy connections]
//   dotnet run -c Release --project tests/SmartRec.Benchmarks -- wakeups [plans] [e-checks]
//   dotnet run -c Release --project tests/SmartRec.Benchmarks -- masscharge [targets] [azurite]
switch (args.FirstOrDefault())
{
    case "ceiling" or "chaos": await ClusterRuns.RunAsync(args); return 0;
    case "directory":
        await DirectoryBenchmark.RunAsync(args[1..]);
        return 0;
    case "payments":
        await PaymentsBenchmark.RunAsync(args[1..]);
        return 0;
    case "ratelimit":
        await RateLimitBenchmark.RunAsync(args[1..]);
        return 0;
    case "wakeups":
        await WakeupsBenchmark.RunAsync(args[1..]);
        return 0;
    case "massinvoice":
        await MassInvoiceBenchmark.RunAsync(args[1..]);
        return 0;
    case "masscharge":
        await MassChargeBenchmark.RunAsync(args[1..]);
        return 0;
    default:
        Console.Error.WriteLine("usage: SmartRec.Benchmarks directory [accounts] | payments [payments] [concurrency] | ratelimit [seconds] [connections]"
            + " | wakeups [plans] [e-checks] | masscharge [targets] [azurite]");
        return 2;
}
