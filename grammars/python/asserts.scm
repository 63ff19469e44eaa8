; Every assert statement, at any depth.
(assert_statement) @assert
