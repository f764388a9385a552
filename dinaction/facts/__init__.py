"""One home for each fact of the language: phone numbers, URLs, languages.

The AST, the rules, the builder, ``describe``, the language server and the
pre-flight ask these modules instead of keeping a copy. They sit at the bottom
of the house and import nothing of dinaction; the libraries they wrap
(``phonenumbers``, ``langcodes``) are imported on first use only.
"""
