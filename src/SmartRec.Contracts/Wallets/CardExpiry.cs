namespace SmartRec.Contracts.Wallets;

/// <summary>A card's expiry month; the card is valid through the last day of that month.</summary>
[GenerateSerializer, Immutable, Alias("smartrec.CardExpiry")]
public readonly record struct CardExpiry([property: Id(0)] int Month, [property: Id(1)] int Year);
