using SmartRec.StripeEmulator.Http;
using SmartRec.StripeEmulator.Model;

namespace SmartRec.StripeEmulator.Api;

internal static class CustomersApi
{
    public static void MapCustomersApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/customers", Create);
        routes.MapGet("/v1/customers/{id}", Retrieve);
        routes.MapGet("/v1/customers/{id}/payment_methods", PaymentMethodsApi.ListForCustomer);
    }

    private static async Task<IResult> Create(HttpRequest request, EmulatorState state)
    {
        var form = await StripeForm.ReadAsync(request);
        lock (state.Gate)
        {
            var customer = new CustomerRecord(Ids.New("cus"), state.Now)
            {
                Email = form["email"],
                Name = form["name"],
                Description = form["description"],
                Metadata = form.Hash("metadata"),
            };
            state.Customers.Add(customer);
            return StripeResults.Ok(customer.ToJson());
        }
    }

    private static IResult Retrieve(string id, EmulatorState state)
    {
        lock (state.Gate)
        {
            return StripeResults.Ok(state.Customer(id, "id").ToJson());
        }
    }
}
