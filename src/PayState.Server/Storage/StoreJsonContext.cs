using System.Text.Json.Serialization;

namespace PayState.Server.Storage;

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
