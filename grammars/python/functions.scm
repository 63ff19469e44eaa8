; Top-level function and class definitions (plain or decorated).
; @def is the whole definition (the decorated_definition when decorated).
(module (function_definition name: (identifier) @function.name) @function.def)
(module (decorated_definition definition: (function_definition name: (identifier) @function.name)) @function.def)
(module (class_definition name: (identifier) @class.name) @class.def)
(module (decorated_definition definition: (class_definition name: (identifier) @class.name)) @class.def)
