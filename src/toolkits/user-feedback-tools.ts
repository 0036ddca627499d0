import * as z from 'zod';
import { ValidationError } from '../errors/validation-error.js';
import type { UserInputField } from '../run/run-document.js';
import { type AnyTool, tool } from '../tools/tool.js';
import type { Toolkit } from '../tools/toolkit.js';

/** Options of {@link UserFeedbackTools}. */
export interface UserFeedbackToolsOptions {
  /** Replaces {@link UserFeedbackTools.DEFAULT_INSTRUCTIONS}. */
  instructions?: string;
  /** Whether the instructions go into the system prompt (default `true`). */
  addInstructions?: boolean;
}

const optionSchema = z.object({
  label: z.string().min(1).describe('Short display text of the option (1-5 words); the user picks it.'),
  description: z.string().optional().describe('What choosing this option means.'),
});

const questionSchema = z.object({
  question: z.string().min(1).describe('The question, as the user reads it, ending with a question mark.'),
  header: z
    .string()
    .min(1)
    .describe("A short label of the question (at most 12 characters, e.g. 'Destination'); unique per call."),
  options: z.array(optionSchema).min(2).describe('2-4 options with distinct labels.'),
  multiSelect: z.boolean().optional().describe('True when the user may pick several options.'),
});

const inputSchema = z.object({
  questions: z.array(questionSchema).min(1).describe('The questions to put to the user, in order.'),
});

type AskUserInput = z.output<typeof inputSchema>;
type Question = AskUserInput['questions'][number];

/** What the model receives for each question once the user answered. */
export interface UserFeedbackAnswer {
  question: string;
  header: string;
  /** The labels the user picked (one for a single choice). */
  selected: string[];
}

/** The form of one `ask_user` call: one field per question, named by its header. */
function feedbackForm({ questions }: AskUserInput): UserInputField[] {
  const issues: { path: string; message: string }[] = [];
  const headers = new Set<string>();
  questions.forEach((question, index) => {
    if (headers.has(question.header)) {
      issues.push({
        path: `questions.${index}.header`,
        message: `repeats the header ${JSON.stringify(question.header)}; give each question its own header`,
      });
    }
    headers.add(question.header);
    const labels = new Set<string>();
    question.options.forEach((option, optionIndex) => {
      if (labels.has(option.label)) {
        issues.push({
          path: `questions.${index}.options.${optionIndex}.label`,
          message: `repeats the option ${JSON.stringify(option.label)}; labels must be distinct`,
        });
      }
      labels.add(option.label);
    });
  });
  if (issues.length > 0) {
    throw new ValidationError(issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), issues);
  }
  return questions.map((question) => questionField(question));
}

function questionField(question: Question): UserInputField {
  const multiple = question.multiSelect === true;
  const field: UserInputField = {
    name: question.header,
    type: multiple ? 'array' : 'string',
    question: question.question,
    description: question.question,
    options: question.options.map((option) =>
      option.description === undefined
        ? { label: option.label }
        : { label: option.label, description: option.description },
    ),
  };
  if (multiple) field.multiple = true;
  return field;
}

/**
 * Lets the model put structured questions to the user: each with a short header, the question
 * and 2-4 options, single or multiple choice. Calling `ask_user` pauses the run with a
 * `user_feedback` requirement whose `userInputSchema` lists one field per question (named by
 * its header, with `question`, `options` and `multiple`); the user answers with
 * `provideUserInput({ [header]: label })` (or a list of labels for a multiple choice), checked
 * against the options, and the model receives the choices when the run continues.
 *
 * @example
 * const agent = new Agent({ model, tools: [new UserFeedbackTools()], db });
 * const run = await agent.run('Help me plan a trip');
 * for (const requirement of run.activeRequirements) {
 *   for (const field of requirement.userInputSchema ?? []) console.log(field.question, field.options);
 *   requirement.provideUserInput({ Destination: 'Beach', Activities: ['Hiking', 'Food'] });
 * }
 * await agent.continueRun({ runId: run.runId, requirements: run.requirements });
 */
export class UserFeedbackTools implements Toolkit {
  /** What the model is told about `ask_user` unless `instructions` replaces it. */
  static readonly DEFAULT_INSTRUCTIONS = [
    'You can put structured questions to the user with the `ask_user` tool.',
    '- Use it when the user has to choose between specific options; do not ask in plain text instead.',
    '- Give each question a clear `question` ending with a question mark, a short unique `header`',
    '  (at most 12 characters) and 2-4 `options`, each with a distinct `label` and an optional `description`.',
    '- Set `multiSelect` to true only when the options are not mutually exclusive.',
    '- Ask all the questions you need in one call; the answers come back as the tool result.',
  ].join('\n');

  readonly kind = 'countersign-toolkit' as const;
  readonly name = 'user_feedback_tools';
  readonly tools: readonly AnyTool[];
  readonly instructions: string | undefined;

  constructor(options: UserFeedbackToolsOptions = {}) {
    this.instructions =
      options.addInstructions === false
        ? undefined
        : (options.instructions ?? UserFeedbackTools.DEFAULT_INSTRUCTIONS);
    const askUser = tool({
      name: 'ask_user',
      description:
        'Put structured questions with predefined options to the user and wait for the choices. ' +
        'Returns, per question, the labels the user selected.',
      inputSchema,
      userInputSchema: feedbackForm,
      userInputKey: 'answers',
      pauseKind: 'user_feedback',
      execute: (input) => {
        const answers = (input as AskUserInput & { answers: Record<string, unknown> }).answers;
        return input.questions.map((question): UserFeedbackAnswer => {
          const value = answers[question.header];
          const selected = Array.isArray(value) ? value.map(String) : [String(value)];
          return { question: question.question, header: question.header, selected };
        });
      },
    });
    this.tools = Object.freeze([askUser]);
  }
}
