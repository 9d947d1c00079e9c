using System.Text.Json.Serialization;

namespace PayState.Server.Storage;

[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, int>))]
[JsonSerializable(typeof(List<long>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
