"""Small templates exercising the Jinja subset the engine implements, rendered by jinja2 configured as
transformers configures it. Needs only jinja2; make_tokenizer_fixtures.py writes them to jinja_features.json.
"""
import json

MESSAGES = [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": "  Hi there  "},
    {"role": "assistant", "content": "Hello!"},
    {"role": "user", "content": "Count: 1, 2, 3"},
]

TEMPLATES = {
    "loop_variables": "{% for m in messages %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.length }}/{{ loop.first }}/{{ loop.last }}/{{ loop.revindex }};{% endfor %}",
    "namespace": "{% set ns = namespace(found=false, count=0) %}{% for m in messages %}{% if m.role == 'user' %}{% set ns.found = true %}{% set ns.count = ns.count + 1 %}{% endif %}{% endfor %}{{ ns.found }} {{ ns.count }}",
    "set_scoping": "{% set x = 'outer' %}{% for m in messages %}{% set x = m.role %}{% endfor %}{{ x }}",
    "filters": "{{ messages[1].content | trim }}|{{ messages | length }}|{{ 'hello world' | capitalize }}|{{ 'Hello' | upper }}{{ 'Hello' | lower }}|{{ 'a-b-c' | replace('-', '+') }}|{{ undefined_thing | default('dflt') }}|{{ ['x', 'y', 'z'] | join(', ') }}|{{ messages | first | tojson }}|{{ (messages | last).role }}|{{ 'hello big world' | title }}",
    "tojson": "{{ {'a': 1, 'b': [true, none, 2.5], 'c': 'q\"uote\\n', 'd': 'é'} | tojson }}|{{ {'z': 1, 'a': {'k': []}} | tojson(indent=2) }}",
    "items": "{% for k, v in {'one': 1, 'two': 2} | items %}{{ k }}={{ v }};{% endfor %}{% for k, v in {'x': 'y'}.items() %}{{ k ~ v }}{% endfor %}",
    "slicing": "{{ messages[1:] | length }}|{{ messages[-1].content }}|{{ messages[::2] | map(attribute='role') | join(',') }}|{{ 'abcdef'[1:4] }}|{{ 'abcdef'[::-1] }}|{{ [1,2,3,4][-2:] }}",
    "tests": "{{ messages is defined }} {{ nothing is defined }} {{ nothing is undefined }} {{ none is none }} {{ 'x' is string }} {{ 3 is number }} {{ 4 is even }} {{ 3 is odd }} {{ 9 is divisibleby 3 }} {{ 'a' is not none }} {{ messages[0] is mapping }}",
    "operators": "{{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 7 / 2 }} {{ 1 + 2 * 3 }} {{ 'a' ~ 1 ~ none }} {{ 'ab' * 3 }} {{ 'b' in 'abc' }} {{ 'x' not in ['x'] }} {{ 1 < 2 and 2 < 1 or 'fallback' }} {{ not messages }}",
    "conditional_expression": "{% for m in messages %}{{ 'U' if m.role == 'user' else ('A' if m.role == 'assistant' else 'S') }}{% endfor %}",
    "whitespace_control": "start\n  {%- for m in messages %}\n    <{{ m.role -}}  >\n  {% endfor -%}\nend",
    "trim_and_lstrip_blocks": "a\n    {% if true %}\n    inner\n    {% endif %}\n  b {% if true %}x{% endif %}\n{# comment #}\nc\n",
    "plus_modifier": "x\n    {%+ if true %}y{% endif +%}\nz",
    "break_continue": "{% for i in range(10) %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 5 %}{% break %}{% endif %}{{ i }}{% endfor %}",
    "for_else_and_filter": "{% for m in messages if m.role == 'tool' %}{{ m }}{% else %}no tools{% endfor %}|{% for m in messages if m.role == 'user' %}{{ loop.index }}:{{ loop.length }} {% endfor %}",
    "set_block": "{% set greeting %}Hello {{ messages[1].content | trim }}!{% endset %}{{ greeting | upper }}",
    "string_methods": "{{ '  pad  '.strip() }}|{{ 'xxhixx'.strip('x') }}|{{ 'a,b,,c'.split(',') }}|{{ 'a b  c'.split() }}|{{ 'Hello'.startswith('He') }}|{{ 'Hello'.endswith(('lo', 'x')) }}|{{ '<think>r</think>ans'.split('</think>')[-1].lstrip() }}|{{ messages[0].get('role') }}|{{ messages[0].get('missing', 'dflt') }}",
    "repr_of_values": "{{ messages[0] }}|{{ [1, 'two', none, true, 2.0] }}|{{ none }}|{{ 1.5 }}|{{ \"it's\" }}|{{ {'k': \"q'\"} }}",
    "selectattr": "{{ messages | selectattr('role', 'equalto', 'user') | list | length }}|{{ messages | rejectattr('role', 'equalto', 'user') | map(attribute='role') | join(',') }}",
    "select_reject": "{{ ['a', 'code_interpreter', 'b'] | reject('equalto', 'code_interpreter') | join(', ') }}|{{ [0, 1, 2, 3, 4] | select('odd') | list }}|{{ [0, '', 'x', none] | select | list }}",
    "reverse_iteration": "{% set ns = namespace(last_user=-1) %}{% for m in messages[::-1] %}{% set index = (messages | length - 1) - loop.index0 %}{% if ns.last_user == -1 and m.role == 'user' %}{% set ns.last_user = index %}{% endif %}{% endfor %}{{ ns.last_user }}",
    "message_attribute_missing": "{% for m in messages %}{% if m.tool_calls %}tools{% else %}{{ m.role[0] }}{% endif %}{% endfor %}",
}

ERRORS = {
    "raise": "{% if messages | length > 1 %}{{ raise_exception('Too many messages: ' ~ messages | length) }}{% endif %}",
}


def render_all():
    import jinja2
    import jinja2.ext
    import jinja2.sandbox

    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    env = jinja2.sandbox.ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                                       extensions=[jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    cases = []
    for name, template in {**TEMPLATES, **ERRORS}.items():
        entry = {"name": name, "template": template}
        try:
            entry["output"] = env.from_string(template).render(messages=MESSAGES, add_generation_prompt=False)
        except jinja2.exceptions.TemplateError as e:
            entry["error"] = str(e)
        cases.append(entry)
    return {"renderer": f"jinja2 {jinja2.__version__}", "messages": MESSAGES, "cases": cases}
