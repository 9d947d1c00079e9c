namespace PayState.Server.Acquiring;

/// The five statuses of seed 001, with their status_id, and the moves between them.
public sealed record OrderStatus(int Id, string Name)
{
    public static readonly OrderStatus Created = new(1, "Created");
    public static readonly OrderStatus Pending = new(2, "Pending");
    public static readonly OrderStatus Paid = new(3, "Paid");
    public static readonly OrderStatus Expired = new(4, "Expired");
    public static readonly OrderStatus Failed = new(5, "Failed");

    private static readonly OrderStatus[] Statuses = [Created, Pending, Paid, Expired, Failed];

    public static IReadOnlyList<OrderStatus> All => Statuses;

    /// What the processor API may ask for: Created is where an order starts, Expired the server's own move.
    public static readonly IReadOnlyList<OrderStatus> ProcessorSet = [Pending, Paid, Failed];

    private static readonly HashSet<(OrderStatus, OrderStatus)> Moves =
    [
        (Created, Pending), (Created, Expired), (Created, Failed), (Pending, Paid), (Pending, Failed),
    ];

    public bool IsFinal => this == Paid || this == Expired || this == Failed;

    /// Paid and Failed end the transaction; Expired means none happened.
    public bool EndsTransaction => this == Paid || this == Failed;

    public bool CanMoveTo(OrderStatus next) => Moves.Contains((this, next));

    // A loop, not FirstOrDefault: every change of an order reads its status back, and a loop allocates nothing.
    public static OrderStatus? Find(string name)
    {
        foreach (var status in Statuses)
        {
            if (status.Name == name) return status;
        }
        return null;
    }
}
