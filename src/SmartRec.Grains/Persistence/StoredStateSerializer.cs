using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Orleans.Serialization;
using Orleans.Storage;

namespace SmartRec.Grains.Persistence;

/// <summary>
/// How grain state is written to Azure Storage: readable JSON whose shape comes from the declared state types alone.
/// Orleans' default JSON settings write each object's runtime type name and resolve it on read, so a list built by a
/// collection expression stored a compiler-generated type that could never be loaded again. Without type names, an
/// <c>IReadOnlyList&lt;T&gt;</c> is read back as a <c>List&lt;T&gt;</c>, and rows written before still load: their
/// "$type" entries are ignored and their "$values" read as the list.
/// </summary>
public static class StoredStateSerializer
{
    public static IGrainStorageSerializer Create(IServiceProvider services)
    {
        var options = new OrleansJsonSerializerOptions();
        new ConfigureOrleansJsonSerializerOptions(services).PostConfigure(Options.DefaultName, options);
        options.JsonSerializerSettings.TypeNameHandling = TypeNameHandling.None;
        options.JsonSerializerSettings.PreserveReferencesHandling = PreserveReferencesHandling.None;
        return new JsonGrainStorageSerializer(new OrleansJsonSerializer(Options.Create(options)));
    }
}
