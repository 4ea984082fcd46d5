// Preloaded into Azurite (node -r) by deploy/cluster.sh and the tests' Azurite: two fixes of Azurite 3.37's use of its
// in-process database, Loki, that this engine's load runs into. Same answers, less work.
//
// 1. The blob garbage collector deletes each unreferenced extent with Loki's findAndRemove, which re-sorts the whole
//    extent index on every call. Every blob write leaves an extent behind, so its sweep ten minutes after some ten
//    thousand writes blocked Azurite's only thread, table requests included, for many minutes. Here the one document
//    found by its indexed id is removed, which updates the index in place.
// 2. Every table entity is looked up as findOne({ RowKey, PartitionKey }). Loki narrows by the first key's index, and
//    Orleans gives every row of a grain type the same RowKey (the type) and a PartitionKey of its own (the grain), so
//    each read and write compared the PartitionKey of every row in the table: over half of Azurite's CPU with 10,000
//    accounts. Here the PartitionKey is looked up first.
"use strict";
const path = require("path");
const azurite = path.join(__dirname, "..", "node_modules", "azurite", "dist", "src");
const extents = require(path.join(azurite, "common", "persistence", "LokiExtentMetadataStore.js")).default;
const loki = require(require.resolve("lokijs", { paths: [path.join(azurite, "table", "persistence")] }));

if (typeof extents?.prototype?.deleteExtent !== "function" || extents.prototype.deleteExtent.length !== 1) {
    console.warn("azurite-fixes: LokiExtentMetadataStore.deleteExtent is not what this patch expects; left as it is");
} else {
    extents.prototype.deleteExtent = async function deleteExtent(extentId) {
        const collection = this.db.getCollection(this.EXTENTS_COLLECTION);
        const extent = collection.findOne({ id: extentId });
        if (extent) {
            collection.remove(extent);
        }
    };
}

if (typeof loki?.Collection?.prototype?.findOne !== "function") {
    console.warn("azurite-fixes: lokijs has no Collection.findOne; table lookups left as they are");
} else {
    const findOne = loki.Collection.prototype.findOne;
    loki.Collection.prototype.findOne = function findOneByPartitionFirst(query) {
        if (query && typeof query === "object" && Object.keys(query).length === 2 && Object.keys(query)[0] === "RowKey" && "PartitionKey" in query) {
            query = { PartitionKey: query.PartitionKey, RowKey: query.RowKey };
        }
        return findOne.call(this, query);
    };
}
