import { defineConfig } from "vite";

// The host serves the build at /admin (SmartRec.Api builds it and copies dist/ beside its binaries as admin-ui/).
// `npm run dev` serves it with hot reload and proxies /api to a host started with `dotnet run --project src/SmartRec.Api`.
export default defineConfig({
  base: "/admin/",
  build: { outDir: "dist", emptyOutDir: true, assetsDir: "assets" },
  server: { proxy: { "/api": "http://localhost:5080" } },
});
