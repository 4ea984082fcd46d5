using Microsoft.Extensions.FileProviders;

namespace SmartRec.Api.Hosting;

/// <summary>
/// Serves the admin web UI (src/SmartRec.AdminUi, built by Vite into admin-ui/ beside the binaries) at /admin. Its
/// hashed assets never change under a name, so they are cached for a year; index.html is revalidated on every load so
/// a new build is picked up at once. Every other path below /admin answers index.html, so deep links work.
/// </summary>
public static class AdminUi
{
    public const string Path = "/admin";
    public const string FolderName = "admin-ui";

    private const string AssetsPath = Path + "/assets";

    public static WebApplication UseAdminUi(this WebApplication app)
    {
        var root = System.IO.Path.Combine(AppContext.BaseDirectory, FolderName);
        if (!File.Exists(System.IO.Path.Combine(root, "index.html")))
        {
            // The host's build always makes it; a missing UI only means a host assembled some other way.
            app.Logger.LogWarning("The admin UI is not in {Folder}; /admin answers 404", root);
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = Path,
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.Context.Request.Path.StartsWithSegments(AssetsPath)
                    ? "public, max-age=31536000, immutable"
                    : "no-cache",
        });

        // Paths without a file extension (and /admin itself) are the app's own routes; a missing asset stays a 404, so a stale index.html
        // asking for an old bundle fails loudly rather than getting HTML for JavaScript.
        var index = files.GetFileInfo("index.html").PhysicalPath!;
        app.MapGet(Path + "/{**route:nonfile}", (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "no-cache";
                return Results.File(index, "text/html; charset=utf-8");
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}
