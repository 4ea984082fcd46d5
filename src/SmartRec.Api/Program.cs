using SmartRec.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSmartRec();

var app = builder.Build();
app.UseSmartRec();
app.Run();
