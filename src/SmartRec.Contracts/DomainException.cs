namespace SmartRec.Contracts;

/// <summary>What kind of refusal an error is; the HTTP facade maps each kind to one status code.</summary>
public enum ErrorKind
{
    /// <summary>The input is malformed or incomplete (400).</summary>
    Invalid = 0,
    /// <summary>The thing does not exist, or the caller may not know that it exists (404).</summary>
    NotFound = 1,
    /// <summary>The request contradicts the current state, e.g. a replayed key with other content (409).</summary>
    Conflict = 2,
    /// <summary>Well-formed, but a business rule refuses it, e.g. an eleventh card (422).</summary>
    RuleViolation = 3,
    /// <summary>A dependency such as the processor did not answer; nothing was changed and the call may be retried (503).</summary>
    Unavailable = 4,
}

/// <summary>
/// A refusal that grains and domain rules raise and that crosses grain calls intact.
/// <see cref="Code"/> is a stable machine-readable name (e.g. "wallet.card_limit"); <see cref="Field"/> names the
/// offending input field when there is one.
/// </summary>
[GenerateSerializer, Alias("smartrec.DomainException")]
public sealed class DomainException : Exception
{
    public DomainException(ErrorKind kind, string code, string message, string? field = null)
        : base(message)
    {
        Kind = kind;
        Code = code;
        Field = field;
    }

    [Id(0)] public ErrorKind Kind { get; }
    [Id(1)] public string Code { get; }
    [Id(2)] public string? Field { get; }

    public static DomainException Invalid(string code, string message, string? field = null) =>
        new(ErrorKind.Invalid, code, message, field);

    public static DomainException NotFound(string what) =>
        new(ErrorKind.NotFound, "not_found", $"{what} was not found.");

    public static DomainException Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);

    public static DomainException Unavailable(string code, string message) => new(ErrorKind.Unavailable, code, message);

    public static DomainException Rule(string code, string message, string? field = null) =>
        new(ErrorKind.RuleViolation, code, message, field);
}
