using System.Text.Json;
using Sluice.Engine.Api.Dto;
using Sluice.Engine.Api.Fields;
using Sluice.Engine.Model;

namespace Sluice.Engine.Api;

/// <summary>
/// vLLM-compatible <c>POST /tokenize</c> (<c>{prompt}</c> or <c>{messages}</c> → <c>{count, max_model_len, tokens[, token_strs]}</c>)
/// and <c>POST /detokenize</c> (<c>{tokens}</c> → <c>{prompt}</c>). Bad input is a 400 naming the field; another model id is a 404.
/// </summary>
public static class TokenizeEndpoints
{
    private static readonly string[] TokenizeFields = ["model", "prompt", "messages", "add_special_tokens", "add_generation_prompt", "return_token_strs"];
    private static readonly string[] DetokenizeFields = ["model", "tokens"];

    public static WebApplication MapTokenize(this WebApplication app, LoadedModel model, string servedModelName, int maxModelTokens, long maxBodyBytes)
    {
        var prompts = new PromptBuilder(model.Tokenizer, model.ChatTemplate);
        app.MapPost("/tokenize", async context =>
        {
            var body = await RequestBody.ReadAsync(context.Request, maxBodyBytes, context.RequestAborted);
            RequestFieldGuard.CheckNames(body, TokenizeFields);
            var dto = RequestBody.Parse(body, ApiJsonContext.Default.TokenizeRequestDto);
            CheckModel(dto.Model, servedModelName);
            SamplingValidator.Require((dto.Prompt is null) != (dto.Messages is null), "prompt", "send exactly one of 'prompt' and 'messages'");
            var tokens = dto.Prompt is { } prompt
                ? model.Tokenizer.Encode(prompt, dto.AddSpecialTokens ?? true)
                : prompts.FromMessages(dto.Messages, dto.AddGenerationPrompt ?? true, dto.AddSpecialTokens ?? false);
            await WriteAsync(context, json =>
            {
                json.WriteNumber("count", tokens.Length);
                json.WriteNumber("max_model_len", maxModelTokens);
                json.WriteStartArray("tokens");
                foreach (var id in tokens)
                {
                    json.WriteNumberValue(id);
                }

                json.WriteEndArray();
                if (dto.ReturnTokenStrs == true)
                {
                    json.WriteStartArray("token_strs");
                    foreach (var id in tokens)
                    {
                        json.WriteStringValue(model.Tokenizer.Decode([id], skipSpecialTokens: false));
                    }

                    json.WriteEndArray();
                }
            });
        });
        app.MapPost("/detokenize", async context =>
        {
            var body = await RequestBody.ReadAsync(context.Request, maxBodyBytes, context.RequestAborted);
            RequestFieldGuard.CheckNames(body, DetokenizeFields);
            var dto = RequestBody.Parse(body, ApiJsonContext.Default.DetokenizeRequestDto);
            CheckModel(dto.Model, servedModelName);
            SamplingValidator.Require(dto.Tokens is not null, "tokens", "'tokens' is required: an array of token ids");
            var vocabSize = model.Tokenizer.VocabSize;
            SamplingValidator.Require(dto.Tokens!.TrueForAll(id => id >= 0 && id < vocabSize), "tokens", $"tokens must be ids in [0, {vocabSize})");
            var text = model.Tokenizer.Decode(dto.Tokens, skipSpecialTokens: false);
            await WriteAsync(context, json => json.WriteString("prompt", text));
        });
        return app;
    }

    private static void CheckModel(string? requested, string servedModelName)
    {
        if (requested is not null && requested != servedModelName)
        {
            throw new ApiException(StatusCodes.Status404NotFound, $"the model '{requested}' does not exist; this server serves '{servedModelName}'", "invalid_request_error", "model", "model_not_found");
        }
    }

    private static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> writeFields)
    {
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            writeFields(json);
            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
    }
}
