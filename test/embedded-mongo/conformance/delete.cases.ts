import type { ConformanceCase } from "./case.ts";

const people = [
  { _id: 1, city: "Puno", age: 30 },
  { _id: 2, city: "Cusco", age: 41 },
  { _id: 3, city: "Puno", age: 25 },
  { _id: 4, city: "Lima", age: 52 },
];

/** The people left after deleting those with these `_id`s. */
function without(...ids: number[]): typeof people {
  return people.filter((person) => !ids.includes(person._id));
}

/** deleteOne and deleteMany. */
export const deleteCases: ConformanceCase[] = [
  {
    description: "deleteOne removes only the first matching document in natural order",
    data: people,
    operation: { name: "deleteOne", filter: { city: "Puno" } },
    expected: { deletedCount: 1 },
    outcome: without(1),
  },
  {
    description: "deleteOne that matches nothing deletes nothing",
    data: people,
    operation: { name: "deleteOne", filter: { city: "Arequipa" } },
    expected: { deletedCount: 0 },
    outcome: people,
  },
  {
    description: "deleteOne by _id removes that document",
    data: people,
    operation: { name: "deleteOne", filter: { _id: 3 } },
    expected: { deletedCount: 1 },
    outcome: without(3),
  },
  {
    description: "deleteMany removes every matching document",
    data: people,
    operation: { name: "deleteMany", filter: { age: { $lt: 45 } } },
    expected: { deletedCount: 3 },
    outcome: without(1, 2, 3),
  },
  {
    description: "deleteMany with an empty filter empties the collection",
    data: people,
    operation: { name: "deleteMany", filter: {} },
    expected: { deletedCount: 4 },
    outcome: [],
  },
  {
    description: "deleteMany on a collection that does not exist deletes nothing",
    operation: { name: "deleteMany", filter: {} },
    expected: { deletedCount: 0 },
    outcome: [],
  },
  {
    description: "deleteMany with $in over _ids removes those documents",
    data: people,
    operation: { name: "deleteMany", filter: { _id: { $in: [1, 4, 99] } } },
    expected: { deletedCount: 2 },
    outcome: without(1, 4),
  },
  {
    description: "deleteMany with a malformed filter fails with BadValue and deletes nothing",
    data: people,
    operation: { name: "deleteMany", filter: { age: { $bogus: 1 } } },
    error: { code: 2, codeName: "BadValue" },
    outcome: people,
  },
  {
    description: "deleteOne with let matches a variable in $expr",
    data: [{ _id: 1 }, { _id: 2 }],
    operation: {
      name: "deleteOne",
      filter: { $expr: { $eq: ["$_id", "$$id"] } },
      options: { let: { id: 2 } },
    },
    expected: { deletedCount: 1 },
    outcome: [{ _id: 1 }],
  },
];
