namespace SmartRec.StripeEmulator.Model;

/// <summary>One kind of object, by id and in creation order: Stripe lists newest first. Guarded by the state's lock.</summary>
internal sealed class ObjectList<T> where T : class, IStripeObject
{
    private readonly Dictionary<string, T> _byId = new(StringComparer.Ordinal);
    private readonly List<T> _inOrder = [];

    public int Count => _inOrder.Count;

    public void Add(T item)
    {
        _byId.Add(item.Id, item);
        _inOrder.Add(item);
    }

    public T? Find(string id) => _byId.GetValueOrDefault(id);

    public List<T> NewestFirst(Func<T, bool> filter)
    {
        var matching = new List<T>();
        for (var i = _inOrder.Count - 1; i >= 0; i--)
        {
            if (filter(_inOrder[i]))
            {
                matching.Add(_inOrder[i]);
            }
        }

        return matching;
    }
}
