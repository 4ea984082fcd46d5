using SmartRec.StripeEmulator;

await using var emulator = StripeEmulatorApp.Build(args);
await emulator.RunAsync();
