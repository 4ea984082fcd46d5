namespace SmartRec.Api.Endpoints;

/// <summary>A card's new expiry, as printed on it: month 1–12 and a four-digit year.</summary>
public sealed record ExpiryRequest(int ExpMonth, int ExpYear);
