using System.Text.Json;
using SmartRec.Tests.Shared;

namespace SmartRec.Integration.Tests;

/// <summary>
/// deploy/azurite-fixes.cjs, preloaded into every Azurite the project starts. Azurite 3.37's blob garbage collector
/// re-sorted its whole extent index for each extent it deleted, so its sweep ten minutes after a few thousand blob writes
/// a minute blocked Azurite, tables included, for many minutes (the chaos drill stalled on it at 10,000 accounts); and
/// every table entity lookup compared the PartitionKey of every row of its table (over half of Azurite's CPU while the
/// drill seeded 10,000 accounts). Counted, not timed, with and without the preload; the stock cases fail once an Azurite
/// upgrade makes the preload unnecessary.
/// </summary>
public sealed class AzuriteFixesTests
{
    private const int Extents = 2_000;
    private const int Deleted = 1_500;
    private const int Rows = 2_000;

    [Fact]
    public async Task The_collector_deletes_exactly_the_unreferenced_extents_without_resorting_the_index_per_extent()
    {
        using var sweep = await Run(SweepScript, preload: true);

        Assert.Equal(0, sweep.RootElement.GetProperty("resorts").GetInt32());
        var left = sweep.RootElement.GetProperty("left").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(Deleted, Extents - Deleted).Select(i => $"extent-{i}").Order(StringComparer.Ordinal), left, StringComparer.Ordinal);
    }

    [Fact]
    public async Task Azurite_as_shipped_resorts_the_extent_index_for_every_extent_it_deletes()
    {
        using var sweep = await Run(SweepScript, preload: false);

        var resorts = sweep.RootElement.GetProperty("resorts").GetInt32();
        Assert.True(resorts >= Deleted, $"{resorts} re-sorts for {Deleted} deleted extents");
        Assert.Equal(Extents - Deleted, sweep.RootElement.GetProperty("left").GetArrayLength());
    }

    [Fact]
    public async Task A_table_entity_is_found_by_its_partition_without_comparing_the_rest_of_the_table()
    {
        using var lookup = await Run(LookupScript, preload: true);

        Assert.True(lookup.RootElement.GetProperty("comparisons").GetInt32() <= 4, lookup.RootElement.ToString());
        Assert.Equal(1234, lookup.RootElement.GetProperty("found").GetInt32());
        Assert.Equal(JsonValueKind.Null, lookup.RootElement.GetProperty("otherRowKey").ValueKind);
        Assert.Equal(JsonValueKind.Null, lookup.RootElement.GetProperty("otherPartition").ValueKind);
    }

    [Fact]
    public async Task Azurite_as_shipped_compares_every_row_of_the_table_to_find_one_entity()
    {
        using var lookup = await Run(LookupScript, preload: false);

        Assert.True(lookup.RootElement.GetProperty("comparisons").GetInt32() >= Rows, lookup.RootElement.ToString());
        Assert.Equal(1234, lookup.RootElement.GetProperty("found").GetInt32());
    }

    /// <summary>Deletes extents through Azurite's extent store as its collector does, counting Loki's index re-sorts.</summary>
    private static readonly string SweepScript = $$"""
        const loki = require(LOKI);
        let resorts = 0;
        const ensureIndex = loki.Collection.prototype.ensureIndex;
        loki.Collection.prototype.ensureIndex = function (...args) { resorts++; return ensureIndex.apply(this, args); };
        const Store = require(AZURITE + "/common/persistence/LokiExtentMetadataStore.js").default;
        (async () => {
          const store = new Store("extents.db", true);
          await store.init();
          for (let i = 0; i < {{Extents}}; i++) {
            await store.updateExtent({ id: "extent-" + i, locationId: "Default", path: "extent-" + i, size: 1, LastModifyInMS: 0 });
          }
          resorts = 0;
          for (let i = 0; i < {{Deleted}}; i++) await store.deleteExtent("extent-" + i);
          const left = store.db.getCollection(store.EXTENTS_COLLECTION).find().map(extent => extent.id);
          console.log(JSON.stringify({ resorts, left }));
        })().catch(e => { console.error(e); process.exit(1); });
        """;

    /// <summary>Rows shaped as Orleans writes them (one RowKey for the grain type, a PartitionKey per grain), then lookups.</summary>
    private static readonly string LookupScript = $$"""
        const loki = require(LOKI);
        let comparisons = 0;
        const eq = loki.LokiOps.$eq;
        loki.LokiOps.$eq = function (...args) { comparisons++; return eq.apply(this, args); };
        const Store = require(AZURITE + "/table/persistence/LokiTableMetadataStore.js").default;
        (async () => {
          const store = new Store("tables.db", true);
          await store.init();
          await store.createTable({}, { account: "devstoreaccount1", table: "grains" });
          for (let i = 0; i < {{Rows}}; i++) {
            await store.insertTableEntity({}, "grains", "devstoreaccount1",
              { PartitionKey: "grain-" + i, RowKey: "state", properties: { n: i }, eTag: "e", lastModifiedTime: new Date() }, "");
          }
          comparisons = 0;
          const found = await store.queryTableEntitiesWithPartitionAndRowKey({}, "grains", "devstoreaccount1", "grain-1234", "state", "");
          const counted = comparisons;
          const otherRowKey = await store.queryTableEntitiesWithPartitionAndRowKey({}, "grains", "devstoreaccount1", "grain-1234", "other", "");
          const otherPartition = await store.queryTableEntitiesWithPartitionAndRowKey({}, "grains", "devstoreaccount1", "grain-{{Rows}}", "state", "");
          console.log(JSON.stringify({ comparisons: counted, found: found ? found.properties.n : null,
            otherRowKey: otherRowKey ?? null, otherPartition: otherPartition ?? null }));
        })().catch(e => { console.error(e); process.exit(1); });
        """;

    private static async Task<JsonDocument> Run(string script, bool preload)
    {
        await NodeTools.RequireAsync(Path.Combine("azurite", "dist", "src", "azurite.js"));
        var root = NodeTools.RepositoryRoot();
        var prelude = $"const LOKI = {JsonSerializer.Serialize(Path.Combine(root, "node_modules", "lokijs"))}; " +
            $"const AZURITE = {JsonSerializer.Serialize(Path.Combine(root, "node_modules", "azurite", "dist", "src"))};\n";
        string[] arguments = preload ? ["-r", Path.Combine(root, "deploy", "azurite-fixes.cjs"), "-e", prelude + script] : ["-e", prelude + script];
        var run = await NodeTools.RunAsync("node", arguments, Path.GetTempPath());
        Assert.True(run.ExitCode == 0, run.Errors);
        return JsonDocument.Parse(run.Output);
    }
}
