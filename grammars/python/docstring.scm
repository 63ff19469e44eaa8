; The docstring of a function: a string literal that is the first statement of its body.
(function_definition
  body: (block . (expression_statement . [(string) (concatenated_string)] @docstring .))) @function
