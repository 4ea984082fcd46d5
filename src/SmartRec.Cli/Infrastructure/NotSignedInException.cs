namespace SmartRec.Cli.Infrastructure;

public sealed class NotSignedInException(string message) : Exception(message);
