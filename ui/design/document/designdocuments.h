#pragma once

#include "design/personatemplate.h"
#include "design/rubric.h"
#include "design/taxonomy.h"
#include "yamlmodeldocument.h"

namespace sift {

// The YAML artifacts the Design workspace edits.
using TaxonomyDocument = YamlModelDocument<Taxonomy>;
using RubricDocument = YamlModelDocument<Rubric>;
using PersonaDocument = YamlModelDocument<PersonaTemplate>;

} // namespace sift
