using SmartRec.Contracts;
using SmartRec.Domain.Validation;

namespace SmartRec.Api.Endpoints;

public static class RouteIds
{
    /// <summary>A malformed id names nothing that can exist, so it answers like a missing one.</summary>
    public static string Require(string id, string what) => Identifiers.IsValid(id) ? id : throw DomainException.NotFound(what);
}
