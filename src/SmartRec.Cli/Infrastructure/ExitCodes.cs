namespace SmartRec.Cli.Infrastructure;

/// <summary>What a script can tell apart without reading the output.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The engine refused the request (a 4xx problem, a role that may not), or a batch ended with failed targets.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself is wrong: an unknown command, a missing or malformed option.</summary>
    public const int Usage = 2;

    /// <summary>The engine could not be reached, is failing (5xx), or does not accept the token (401): sign in again.</summary>
    public const int Unreachable = 3;
}
