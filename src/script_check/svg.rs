//! SVG, checked with a real, namespace-aware XML parser (quick-xml): an SVG
//! opened on its own is a document that can run script, and a prefix such as
//! `<svg:script xmlns:svg="http://www.w3.org/2000/svg">` is a `script`
//! element to a browser however it is spelt. So names are resolved to their
//! namespaces first, and only a safe list of SVG elements and attributes
//! passes; everything else refuses the file.
//!
//! Why check rather than rasterise: a logo stays sharp at any size, and a
//! council's designers export plain SVG easily; rasterising would need a
//! renderer (resvg and its fonts) for one small file.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// Drawing elements, with nothing that runs, embeds, links or animates
/// (no `script`, `foreignObject`, `a`, `image`, `iframe`, `animate`, `set`).
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "title",
    "desc",
    "symbol",
    "use",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "clipPath",
    "mask",
    "linearGradient",
    "radialGradient",
    "stop",
    "pattern",
    "marker",
    "style",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComposite",
    "feDropShadow",
    "feFlood",
    "feGaussianBlur",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
];

/// Geometry, presentation and accessibility attributes, without a namespace.
const ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "style",
    "href",
    "version",
    "baseProfile",
    "width",
    "height",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "dx",
    "dy",
    "d",
    "points",
    "pathLength",
    "viewBox",
    "preserveAspectRatio",
    "transform",
    "role",
    "aria-label",
    "aria-hidden",
    "aria-labelledby",
    "aria-describedby",
    "focusable",
    "lang",
    "fill",
    "fill-opacity",
    "fill-rule",
    "clip-rule",
    "clip-path",
    "mask",
    "filter",
    "opacity",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "color",
    "display",
    "visibility",
    "overflow",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "font-variant",
    "letter-spacing",
    "word-spacing",
    "text-anchor",
    "text-decoration",
    "dominant-baseline",
    "alignment-baseline",
    "baseline-shift",
    "writing-mode",
    "textLength",
    "lengthAdjust",
    "startOffset",
    "offset",
    "stop-color",
    "stop-opacity",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "patternUnits",
    "patternContentUnits",
    "patternTransform",
    "clipPathUnits",
    "maskUnits",
    "maskContentUnits",
    "markerWidth",
    "markerHeight",
    "markerUnits",
    "refX",
    "refY",
    "orient",
    "marker-start",
    "marker-mid",
    "marker-end",
    "filterUnits",
    "primitiveUnits",
    "in",
    "in2",
    "result",
    "mode",
    "type",
    "values",
    "operator",
    "k1",
    "k2",
    "k3",
    "k4",
    "stdDeviation",
    "radius",
    "flood-color",
    "flood-opacity",
    "color-interpolation-filters",
    "shape-rendering",
    "text-rendering",
    "image-rendering",
    "vector-effect",
    "paint-order",
    "enable-background",
    "space",
];

/// A reason the SVG is refused, at a byte offset of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SvgProblem {
    pub offset: usize,
    pub message: String,
}

/// `Ok` if `svg` is a plain drawing: well-formed XML whose root is an SVG
/// `<svg>`, with only safe elements and attributes, no DOCTYPE, entities or
/// processing instructions, and no reference outside the file.
pub fn check_svg(svg: &str) -> Result<(), SvgProblem> {
    let mut reader = NsReader::from_str(svg);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut in_style = false;
    let mut seen_root = false;
    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let problem = |message: String| SvgProblem { offset, message };
        let (ns, event) = match reader.read_resolved_event() {
            Ok(read) => read,
            Err(e) => {
                return Err(SvgProblem {
                    offset: usize::try_from(reader.error_position()).unwrap_or(offset),
                    message: format!("the SVG is not well-formed XML: {e}"),
                });
            }
        };
        let ns_ok = matches!(ns, ResolveResult::Bound(n) if n.as_ref() == SVG_NS);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = e.local_name().as_ref().to_string();
                if !ns_ok {
                    return Err(problem(format!(
                        "element `{}` is not in the SVG namespace",
                        e.name().as_ref()
                    )));
                }
                if !ELEMENTS.contains(&name.as_str()) {
                    return Err(problem(format!(
                        "element `<{name}>` is not allowed in a logo"
                    )));
                }
                if depth == 0 && (seen_root || name != "svg") {
                    return Err(problem("the file's root element must be `<svg>`".into()));
                }
                seen_root = true;
                check_attributes(&reader, e).map_err(problem)?;
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                    in_style = name == "style";
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                in_style = false;
            }
            Event::Text(t) if in_style => {
                let css = t.to_string();
                super::css::check_css(&css).map_err(problem)?;
            }
            Event::CData(t) if in_style => {
                let css = t.to_string();
                super::css::check_css(&css).map_err(problem)?;
            }
            Event::Text(_) | Event::CData(_) | Event::Comment(_) | Event::Decl(_) => {}
            Event::GeneralRef(r) => {
                let name = r.to_string();
                let predefined = matches!(name.as_str(), "lt" | "gt" | "amp" | "apos" | "quot");
                if !predefined && !name.starts_with('#') {
                    return Err(problem(format!("entity `&{name};` is not allowed")));
                }
            }
            Event::DocType(_) => {
                return Err(problem(
                    "a DOCTYPE is not allowed (it can define entities that expand or fetch)".into(),
                ));
            }
            Event::PI(_) => {
                return Err(problem(
                    "processing instructions (such as `<?xml-stylesheet?>`) are not allowed".into(),
                ));
            }
            Event::Eof => break,
        }
    }
    if !seen_root {
        return Err(SvgProblem {
            offset: 0,
            message: "the file has no `<svg>` element".into(),
        });
    }
    Ok(())
}

fn check_attributes(
    reader: &NsReader<&[u8]>,
    element: &quick_xml::events::BytesStart,
) -> Result<(), String> {
    for attr in element.attributes().with_checks(true) {
        let attr = attr.map_err(|e| format!("a malformed attribute: {e}"))?;
        let qname = attr.key.as_ref().to_string();
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| format!("attribute `{qname}` has a bad value: {e}"))?
            .into_owned();
        let (ns, local) = reader.resolver().resolve_attribute(attr.key);
        let local = local.as_ref().to_string();
        let ns: Option<String> = match ns {
            ResolveResult::Bound(n) => Some(n.as_ref().to_string()),
            ResolveResult::Unbound => None,
            ResolveResult::Unknown(p) => {
                return Err(format!(
                    "attribute `{qname}` uses an undeclared prefix `{p}`"
                ));
            }
        };
        // Namespace declarations may only bind SVG's own namespaces.
        if qname == "xmlns" || qname.starts_with("xmlns:") {
            if ![SVG_NS, XLINK_NS].contains(&value.as_str()) {
                return Err(format!(
                    "namespace `{value}` is not allowed; a logo uses only SVG (and xlink)"
                ));
            }
            continue;
        }
        let lower = local.to_ascii_lowercase();
        if lower.starts_with("on") {
            return Err(format!("event handler attribute `{qname}` is not allowed"));
        }
        match ns.as_deref() {
            None if ATTRIBUTES.contains(&local.as_str()) => {}
            Some(XLINK_NS) if local == "href" || local == "title" => {}
            Some(XML_NS) if local == "space" || local == "lang" => {}
            Some(XMLNS_NS) => continue,
            _ => return Err(format!("attribute `{qname}` is not allowed in a logo")),
        }
        if local == "href" && !value.trim().starts_with('#') {
            return Err(format!(
                "`{qname}=\"{value}\"` points outside the file; only `#id` references are allowed"
            ));
        }
        if local == "style" {
            super::css::check_css(&value)?;
        }
        check_value(&qname, &value)?;
    }
    Ok(())
}

/// Any attribute value: no script URL, no `url(...)` but to `#id` here.
fn check_value(name: &str, value: &str) -> Result<(), String> {
    let squeezed = super::urls::squeeze(value);
    for bad in ["javascript:", "vbscript:", "data:"] {
        if squeezed.contains(bad) {
            return Err(format!("attribute `{name}` holds a `{bad}` URL"));
        }
    }
    super::css::only_local_urls(value).map_err(|e| format!("attribute `{name}`: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: &str = r##"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
  <style>.a { fill: url(#g) }</style>
  <rect class="a" width="10" height="10" fill="url(#g)"/>
  <use xlink:href="#g"/>
  <text x="1" y="8">A &amp; B &#169;</text>
</svg>"##;

    #[test]
    fn a_plain_drawing_passes() {
        assert_eq!(check_svg(PLAIN), Ok(()));
    }

    #[test]
    fn prefixed_script_is_refused() {
        let svg = r#"<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script>alert(1)</svg:script></svg:svg>"#;
        let e = check_svg(svg).unwrap_err();
        assert!(e.message.contains("`<script>`"), "{e:?}");
        assert_eq!(&svg[e.offset..e.offset + 11], "<svg:script");
    }

    #[test]
    fn active_and_external_content_is_refused() {
        for (svg, why) in [
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#,
                "event handler",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg" ONLOAD="alert(1)"/>"#,
                "event handler",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>"#,
                "foreignObject",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"/></svg>"#,
                "`<a>`",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/x.svg#a"/></svg>"#,
                "outside the file",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><use x:href="data:image/svg+xml,x"/></svg>"#,
                "outside the file",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/a)"/></svg>"#,
                "url(",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(x.css);</style></svg>"#,
                "@import",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><animate attributeName="href" to="javascript:alert(1)"/></svg>"#,
                "`<animate>`",
            ),
            (
                r#"<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>"#,
                "DOCTYPE",
            ),
            (
                r#"<?xml-stylesheet href="x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>"#,
                "processing",
            ),
            (r#"<svg><script>alert(1)</script></svg>"#, "namespace"),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(1)</h:script></svg>"#,
                "namespace",
            ),
            (
                r#"<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>"#,
                "namespace",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>"#,
                "well-formed",
            ),
            ("not xml at all", "no `<svg>`"),
        ] {
            let e = check_svg(svg).expect_err(svg);
            assert!(e.message.contains(why), "{svg}: {e:?}");
        }
    }
}
