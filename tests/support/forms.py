"""What a browser would submit back: a page's change form, read from HTML or from the context."""

from html.parser import HTMLParser


class FormReader(HTMLParser):
    """Reads the fields of the page's change form the way a browser would submit them."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or not a.get("name"):
            if tag == "option" and self._select is not None and "selected" in a:
                self.data.append((self._select, a.get("value", "")))
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.data.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data.append((a["name"], ""))
        elif tag == "select":
            self._select = a["name"]

    def handle_data(self, data):
        if self._textarea is not None:
            name, text = self.data[-1]
            self.data[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            # Browsers drop the one newline that follows <textarea>.
            name, text = self.data[-1]
            self.data[-1] = (name, text[1:] if text.startswith("\n") else text)
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def read_form(response, form_id):
    reader = FormReader(form_id)
    reader.feed(response.content.decode())
    assert reader.data, f"no form #{form_id} on the page"
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return data


def change_form_data(response):
    """The POST data a browser would send back for an unchanged admin change form."""
    data = {}
    forms = [response.context["adminform"].form]
    # The history (revert) form has no inlines.
    inlines = response.context.get("inline_admin_formsets") or []
    for inline in inlines:
        formset = inline.formset
        forms.extend(formset.forms)
        management = formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial)
    for form in forms:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            value = form.initial.get(name, field.initial)
            if hasattr(value, "pk"):
                value = value.pk
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if value is None:
                value = ""
            if field.__class__.__name__ == "JSONField":
                value = field.prepare_value(value)
            data[form.add_prefix(name)] = value
    return data
