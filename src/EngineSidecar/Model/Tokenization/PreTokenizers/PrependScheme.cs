namespace Sluice.Engine.Model.Tokenization.PreTokenizers;

/// <summary>When Metaspace puts the replacement character in front of a piece.</summary>
internal enum PrependScheme
{
    Always,
    First,
    Never,
}
