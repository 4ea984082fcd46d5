// Preloaded into Azurite (node -r) by deploy/cluster.sh and the tests' Azurite. Azurite 3.37's blob garbage collector
// deletes each unreferenced extent with Loki's findAndRemove, which re-sorts the whole extent index on every call: with
// the tens of thousands of extents a few minutes of blob overwrites leave (every grain-state blob write is a new
// extent), its ten-minute sweep blocks Azurite's only thread for many minutes and every request, table ones included,
// waits. Deleting the one document found by its indexed id updates the index in place instead. Same outcome, linear.
"use strict";
const path = require("path");
const store = require(path.join(__dirname, "..", "node_modules", "azurite", "dist", "src", "common", "persistence", "LokiExtentMetadataStore.js")).default;
if (typeof store?.prototype?.deleteExtent !== "function" || store.prototype.deleteExtent.length !== 1) {
    console.warn("azurite-extent-gc: LokiExtentMetadataStore.deleteExtent is not what this patch expects; Azurite left as it is");
} else {
    store.prototype.deleteExtent = async function deleteExtent(extentId) {
        const extents = this.db.getCollection(this.EXTENTS_COLLECTION);
        const extent = extents.findOne({ id: extentId });
        if (extent) {
            extents.remove(extent);
        }
    };
}
