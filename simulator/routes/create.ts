import { renderAhead } from '../assets';
import { ApiError, missingParameter } from '../errors';
import { type Job, newJob } from '../jobs';
import { type Reply, jsonReply } from '../reply';
import type { FormPart } from '../multipart';
import { parseCreateMultipart, parseRemix } from '../validation';
import { checkRequestSchema, fieldsOf, isObject, multipartForSchema, readBody } from './body';
import { checkCast } from './characters';
import { type ApiContext, type ApiRequest, servedModel, stateOf, videoOf } from './context';

/** The routes that start a paid job: POST /videos and POST /videos/{id}/remix. */

export function create(ctx: ApiContext, req: ApiRequest): Reply {
	const options = ctx.options();
	const profile = ctx.profile();
	const body = readBody(req);
	if (options.retired) return retiredReply(ctx, fieldsOf(body));
	const refusal = profile.refuseEncoding(body.kind);
	if (refusal) throw refusal;
	if (body.kind === 'empty') throw missingParameter('prompt');
	let provider: string | null = null;
	if (body.kind === 'json' && isObject(body.value)) {
		// Bifrost: 'openai/sora-2' runs 'sora-2' at provider 'openai'; other profiles keep the name.
		const split = profile.splitModel(body.value.model);
		provider = split.provider;
		if (provider !== null) body.value.model = split.model;
	}
	const request =
		body.kind === 'json'
			? profile.parseJson(body.value, profile.createRules)
			: parseCreateMultipart(body.parts, profile.createRules);
	if (options.validateRequests && profile.openaiRequestShape) {
		const shaped = body.kind === 'json' ? body.value : multipartForSchema(body.parts);
		checkRequestSchema(
			body.kind === 'json' ? 'CreateVideoJsonBody' : 'CreateVideoMultipartBody',
			shaped,
		);
	}
	checkCast(ctx, request.characters, request.prompt);
	const model = profile.jobModel(request.model, servedModel(ctx));
	const job = newJob(
		profile.newId(model, provider),
		{ ...request, model, remixedFrom: null },
		options,
	);
	job.bodyFields = body.kind === 'json' ? Object.keys(body.value as object) : partNames(body.parts);
	job.frames = request.frames ?? [];
	job.callbackUrl = request.callbackUrl ?? null;
	addJob(ctx, job);
	const reply = jsonReply(profile.createStatus, videoOf(ctx, job, true));
	return { ...reply, videoId: job.id, drop: options.dropCreateConnection };
}

export function remix(ctx: ApiContext, source: Job, req: ApiRequest): Reply {
	const options = ctx.options();
	const profile = ctx.profile();
	const fields = fieldsOf(readBody(req));
	if (!isObject(fields)) throw new ApiError(400, 'The request body must be a JSON object.');
	const prompt = parseRemix(fields, profile.createRules);
	if (options.validateRequests && profile.openaiRequestShape)
		checkRequestSchema('CreateVideoRemixBody', fields);
	if (stateOf(ctx, source).status !== 'completed') {
		throw new ApiError(
			400,
			`Video ${source.id} is not completed; only completed videos can be remixed.`,
			'invalid_request_error',
			null,
			null,
		);
	}
	const fieldsOfSource = {
		model: source.model,
		size: source.size,
		seconds: source.seconds,
		reference: null,
	};
	const job = newJob(
		profile.newId(source.model, providerOf(source.id)),
		{ ...fieldsOfSource, prompt, remixedFrom: source.id },
		options,
	);
	addJob(ctx, job);
	return { ...jsonReply(profile.createStatus, videoOf(ctx, job, true)), videoId: job.id };
}

/** A multipart body's field names, once each, in the order sent. */
const partNames = (parts: FormPart[]) => [...new Set(parts.map((part) => part.name))];

/** The provider a job id names after its last ':' (Bifrost's `video_…:openai`), or null. */
export function providerOf(id: string): string | null {
	return id.includes(':') ? id.slice(id.lastIndexOf(':') + 1) : null;
}

/** A new job (created, remixed, edited or extended), rendered at once when the simulator renders ahead. */
export function addJob(ctx: ApiContext, job: Job): void {
	ctx.jobs.add(job);
	if (ctx.options().renderAhead) renderAhead(job);
}

/** OpenAI after its shutdown (404 model_not_found) or Azure after retirement (410). */
function retiredReply(ctx: ApiContext, fields: unknown): Reply {
	const requested = isObject(fields) ? fields.model : undefined;
	const model = typeof requested === 'string' ? requested : 'sora-2';
	if (ctx.options().retired === '410') {
		return ctx
			.profile()
			.error(
				new ApiError(
					410,
					`The model '${model}' has been retired and is no longer available.`,
					'invalid_request_error',
					'model',
					'model_retired',
				),
			);
	}
	return ctx
		.profile()
		.error(
			new ApiError(
				404,
				`The model '${model}' does not exist or you do not have access to it.`,
				'invalid_request_error',
				null,
				'model_not_found',
			),
		);
}
