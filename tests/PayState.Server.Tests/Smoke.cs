namespace PayState.Server.Tests; public class Smoke { [Fact] public void Works() => Assert.True(true); }
