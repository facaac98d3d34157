namespace Sluice.Engine.Model.Templates;

/// <summary>Kinds of template statements.</summary>
internal enum StmtKind
{
    /// <summary>Literal text in <see cref="StmtNode.Text"/>.</summary>
    Text,

    /// <summary><c>{{ expr }}</c>.</summary>
    Output,

    /// <summary><c>{% if %}</c>: Branches hold (condition, body); a null condition is the else branch.</summary>
    If,

    /// <summary><c>{% for targets in expr [if filter] %}</c> with Body and optional ElseBody.</summary>
    For,

    /// <summary><c>{% set targets = expr %}</c>, or <c>{% set ns.attr = expr %}</c> when Attribute is set.</summary>
    Set,

    /// <summary><c>{% set name %}body{% endset %}</c>.</summary>
    SetBlock,

    /// <summary><c>{% break %}</c>.</summary>
    Break,

    /// <summary><c>{% continue %}</c>.</summary>
    Continue,

    /// <summary>A block rendered as is (<c>{% generation %}</c>).</summary>
    Block,
}
