/* placeholder: the search runtime is being written */
