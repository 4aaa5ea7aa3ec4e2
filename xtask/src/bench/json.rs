//! Just enough JSON to write the results: values built in memory and
//! rendered with two-space indentation. (The results are the only JSON
//! xtask writes, so no serde.)

use std::fmt::Write;

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// Rendered as `null` when not finite (JSON has no NaN or infinity).
    Number(f64),
    String(String),
    Array(Vec<Json>),
    /// Keys in the order given.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// An object from `(key, value)` pairs.
    pub fn object<'a>(pairs: impl IntoIterator<Item = (&'a str, Json)>) -> Json {
        Json::Object(
            pairs
                .into_iter()
                .map(|(key, value)| (key.to_string(), value))
                .collect(),
        )
    }

    pub fn string(text: impl Into<String>) -> Json {
        Json::String(text.into())
    }

    /// `null` for `None`.
    pub fn number(value: Option<f64>) -> Json {
        value.map_or(Json::Null, Json::Number)
    }

    /// The document, ending with a newline.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out.push('\n');
        out
    }

    fn write(&self, out: &mut String, depth: usize) {
        let indent = |out: &mut String, depth: usize| {
            out.push('\n');
            out.push_str(&"  ".repeat(depth));
        };
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
            Json::Number(value) if value.is_finite() => {
                let _ = write!(out, "{value}");
            }
            Json::Number(_) => out.push_str("null"),
            Json::String(text) => write_string(out, text),
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Array(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    indent(out, depth + 1);
                    item.write(out, depth + 1);
                }
                indent(out, depth);
                out.push(']');
            }
            Json::Object(pairs) if pairs.is_empty() => out.push_str("{}"),
            Json::Object(pairs) => {
                out.push('{');
                for (index, (key, value)) in pairs.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    indent(out, depth + 1);
                    write_string(out, key);
                    out.push_str(": ");
                    value.write(out, depth + 1);
                }
                indent(out, depth);
                out.push('}');
            }
        }
    }
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_render_as_json() {
        let doc = Json::object([
            ("name", Json::string("a \"b\"\n\u{1}µ")),
            ("value", Json::Number(410.5)),
            ("whole", Json::Number(3.0)),
            ("missing", Json::number(None)),
            ("nan", Json::Number(f64::NAN)),
            ("ok", Json::Bool(true)),
            ("list", Json::Array(vec![Json::Number(1.0), Json::Null])),
            ("empty", Json::Array(Vec::new())),
            ("nothing", Json::Object(Vec::new())),
        ]);
        assert_eq!(
            doc.render(),
            "{\n  \"name\": \"a \\\"b\\\"\\n\\u0001µ\",\n  \"value\": 410.5,\n  \
             \"whole\": 3,\n  \"missing\": null,\n  \"nan\": null,\n  \"ok\": true,\n  \
             \"list\": [\n    1,\n    null\n  ],\n  \"empty\": [],\n  \"nothing\": {}\n}\n"
        );
    }
}
