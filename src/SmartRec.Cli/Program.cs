using SmartRec.Cli;

return await CliApp.RunAsync(args);
